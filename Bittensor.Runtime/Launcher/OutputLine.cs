using System.Diagnostics;

namespace Bittensor.Runtime.Launcher;

/// <summary>
/// One line a child process wrote, in the order read: its <see cref="Index"/> in the process's log, whether it came
/// from standard error, and when it was read (a <see cref="Stopwatch"/> timestamp, comparable across processes).
/// </summary>
internal sealed record OutputLine(int Index, string Text, bool StandardError, long Timestamp)
{
    /// <summary>The time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value) to this line.</summary>
    public TimeSpan Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp, Timestamp);

    public override string ToString() => StandardError ? "! " + Text : Text;
}
