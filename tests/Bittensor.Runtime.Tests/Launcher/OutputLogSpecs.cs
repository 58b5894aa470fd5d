using System.Globalization;
using System.Text.RegularExpressions;
using Bittensor.Runtime.Launcher;

namespace Bittensor.Runtime.Tests.Launcher;

/// <summary>
/// A node process's output: waits from an index, a bound on the lines kept in memory that keeps indices and waits
/// working, and the log file every line is appended to.
/// </summary>
public sealed class OutputLogSpecs
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_wait_should_see_only_lines_from_its_index_on_including_lines_that_come_later()
    {
        using var log = new OutputLog();
        log.Add("block 1", standardError: false);
        var from = log.Count;
        var next = log.WaitForAsync(new Regex(@"^block (\d+)$"), Wait, from);
        Assert.False(next.IsCompleted);
        log.Add("block 2", standardError: true);

        var (line, match) = await next;
        Assert.Equal((1, "2", true), (line.Index, match.Groups[1].Value, line.StandardError));
    }

    [Fact]
    public async Task A_bounded_log_should_keep_the_last_lines_with_their_indices_and_still_wait_for_new_ones()
    {
        using var log = new OutputLog(capacity: 3);
        for (var i = 0; i < 10; i++) log.Add(i.ToString(CultureInfo.InvariantCulture), standardError: false);

        Assert.Equal(10, log.Count);
        Assert.Equal([7, 8, 9], log.Lines.Select(l => l.Index));
        Assert.Equal(["8", "9"], log.Tail(2));
        Assert.Equal(["7", "8", "9"], log.Tail(50));
        // A wait from a dropped index starts at the oldest line kept.
        Assert.Equal(7, (await log.WaitForAsync(_ => true, Wait, fromIndex: 0)).Index);
        var next = log.WaitForAsync(t => t == "10", Wait, log.Count);
        log.Add("10", standardError: false);
        Assert.Equal(10, (await next).Index);
    }

    [Fact]
    public async Task Every_line_should_be_appended_to_the_file_and_a_wait_should_end_with_the_output()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "logs", "node0.log");
        using (var log = new OutputLog(capacity: 1, filePath: file))
        {
            log.Add("one", standardError: false);
            log.Add("two", standardError: true);
            var never = log.WaitForAsync(t => t == "three", Wait, log.Count);
            log.Complete();
            await Assert.ThrowsAsync<TimeoutException>(() => never);
        }

        Assert.Equal(["one", "two"], File.ReadAllLines(file));
    }
}
