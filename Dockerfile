# syntax=docker/dockerfile:1
# BanditServe server image: SDK stages build and test, the final stage is the ASP.NET runtime only.
#
#   docker build -t banditserve .                          # build, run the unit tests, publish
#   docker build --build-arg RUN_TESTS=false -t banditserve .
#   docker run -p 8080:8080 -e Auth__AdminKeys__0=... banditserve
#
# Every setting is a configuration key set through the environment (docs/operations.md lists
# them all). The ENV defaults below are checked by tests/EndToEnd.Tests/Deployment.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore from the project files alone, so a source change does not invalidate the package layer.
COPY global.json BanditServe.slnx Directory.Build.props Directory.Packages.props ./
COPY Bandits/Bandits.csproj Bandits/
COPY Bandits/Gpu/Bandits.Gpu.csproj Bandits/Gpu/
COPY Storage/Storage.csproj Storage/
COPY Streaming/Streaming.csproj Streaming/
COPY Api/Api.csproj Api/
RUN dotnet restore Api/Api.csproj
COPY . .
RUN dotnet build Api/Api.csproj -c Release --no-restore

# The unit tests that need no outside service (Storage.Tests and EndToEnd.Tests need PostgreSQL
# and run in CI through .ci/run instead).
FROM build AS test
ARG RUN_TESTS=true
RUN if [ "$RUN_TESTS" = "true" ]; then \
      dotnet test tests/Bandits.Tests -c Release && \
      dotnet test tests/Streaming.Tests -c Release && \
      dotnet test tests/Api.Tests -c Release; \
    fi

FROM test AS publish
RUN dotnet publish Api/Api.csproj -c Release --no-build -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
# The SQLite default writes here; the directory belongs to the image's non-root user (APP_UID).
RUN mkdir -p /var/lib/banditserve && chown "$APP_UID" /var/lib/banditserve
COPY --from=publish /app ./

# ASPNETCORE_URLS must name all interfaces: without it the server binds 127.0.0.1 only, which
# nothing outside the container can reach. ASPNETCORE_HTTP_PORTS (set by the base image) is
# cleared so Kestrel does not warn that URLS overrides it. DOTNET_GCgen0size: a 32 MiB young
# generation (docs/operations.md, "Runtime settings"); only an environment variable sets it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_GCgen0size=0x2000000 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    Logging__Console__FormatterName=json \
    Storage__Provider=sqlite \
    Storage__SqlitePath=/var/lib/banditserve/banditserve.db

EXPOSE 8080
VOLUME ["/var/lib/banditserve"]
USER $APP_UID

# The runtime image has no curl or wget; bash's /dev/tcp speaks enough HTTP for a status line.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "BanditServe.Api.dll"]
