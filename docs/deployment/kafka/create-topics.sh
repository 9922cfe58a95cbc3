#!/bin/sh
# Creates BanditServe's topics where missing (idempotent), then prints how they are laid out.
# Settings come from the environment (docker-compose.yml, service kafka-init):
#   BOOTSTRAP_SERVERS           host:port list of the brokers
#   TOPICS                      space-separated topic names (decisions, rewards, dead letters)
#   TOPIC_PARTITIONS            partitions per topic
#   TOPIC_REPLICATION_FACTOR    copies of each partition
#   TOPIC_MIN_INSYNC_REPLICAS   copies that must acknowledge a write (producers use acks=all)
#   KAFKA_BIN                   where kafka-topics.sh lives (default /opt/kafka/bin)
set -eu

: "${BOOTSTRAP_SERVERS:?}" "${TOPICS:?}" "${TOPIC_PARTITIONS:?}" "${TOPIC_REPLICATION_FACTOR:?}" "${TOPIC_MIN_INSYNC_REPLICAS:?}"
kafka_topics="${KAFKA_BIN:-/opt/kafka/bin}/kafka-topics.sh"

for topic in $TOPICS; do
  "$kafka_topics" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$topic" \
    --partitions "$TOPIC_PARTITIONS" \
    --replication-factor "$TOPIC_REPLICATION_FACTOR" \
    --config "min.insync.replicas=$TOPIC_MIN_INSYNC_REPLICAS"
done

for topic in $TOPICS; do
  "$kafka_topics" --bootstrap-server "$BOOTSTRAP_SERVERS" --describe --topic "$topic"
done
