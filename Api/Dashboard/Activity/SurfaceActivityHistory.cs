namespace BanditServe.Api.Dashboard.Activity;

/// <summary>The last samples of one surface (a ring; the oldest is overwritten).</summary>
internal sealed class SurfaceActivityHistory(int capacity)
{
    private readonly ActivitySample[] _samples = new ActivitySample[capacity];
    private readonly object _gate = new();
    private int _next;
    private int _count;

    public void Add(ActivitySample sample)
    {
        lock (_gate)
        {
            _samples[_next] = sample;
            _next = (_next + 1) % _samples.Length;
            _count = Math.Min(_count + 1, _samples.Length);
        }
    }

    /// <summary>The samples, oldest first.</summary>
    public ActivitySample[] Snapshot()
    {
        lock (_gate)
        {
            var copy = new ActivitySample[_count];
            var start = (_next - _count + _samples.Length) % _samples.Length;
            for (var i = 0; i < _count; i++)
            {
                copy[i] = _samples[(start + i) % _samples.Length];
            }

            return copy;
        }
    }
}
