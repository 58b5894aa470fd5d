using System.Globalization;

namespace Bittensor.Runtime.Bench;

/// <summary>One figure of <c>bench failover</c> over its repeats: median, fastest and slowest, in seconds.</summary>
internal sealed record FailoverFigure(string Name, int Nodes, TimeSpan BlockTime, IReadOnlyList<TimeSpan> Samples)
{
    public string ToLine()
    {
        var seconds = Samples.Select(s => s.TotalSeconds).Order().ToArray();
        var median = seconds.Length % 2 == 1 ? seconds[seconds.Length / 2] : (seconds[(seconds.Length / 2) - 1] + seconds[seconds.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture,
            $"failover figure={Name} nodes={Nodes} block_ms={BlockTime.TotalMilliseconds:F0} repeats={seconds.Length} median_s={median:F2} min_s={seconds[0]:F2} max_s={seconds[^1]:F2}");
    }
}
