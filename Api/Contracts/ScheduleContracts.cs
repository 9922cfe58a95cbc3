namespace BanditServe.Api.Contracts;

public sealed record SchedulePeriod(long Period, IReadOnlyList<string> Items);

public sealed record ScheduleResponse(IReadOnlyList<SchedulePeriod> Periods, long PlanVersion);

public sealed record SnapshotResponse(long SnapshotId, long ModelVersion);
