using System.Diagnostics;
using System.Globalization;

namespace Bittensor.Sim.Bench.Processes;

/// <summary>
/// A child process running the node runtime (<c>dotnet Bittensor.Runtime.dll ARGS</c>), its standard output and error
/// read line by line into <see cref="Log"/> as they come. <see cref="Kill"/> is a crash (SIGKILL), <see cref="Terminate"/>
/// a graceful stop (SIGTERM); <see cref="Dispose"/> kills whatever still runs, so no process outlives its owner.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private int _openStreams = 2;

    private NodeProcess(string name, string? address, Process process)
    {
        Name = name;
        Address = address;
        _process = process;
    }

    /// <summary>What the owner calls it in reports (ledger-0, ...).</summary>
    public string Name { get; }

    /// <summary>The cluster address the node was told to listen at, or null.</summary>
    public string? Address { get; }

    public OutputLog Log { get; } = new();

    public int Id { get; private set; }

    /// <summary>When the process was started (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public long StartTimestamp { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="runtimeDll"/> <paramref name="arguments"/></c>.</summary>
    public static NodeProcess Start(string name, string runtimeDll, IEnumerable<string> arguments, string? address = null)
    {
        var info = new ProcessStartInfo(RuntimeLocator.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Path.GetDirectoryName(runtimeDll)!,
        };
        info.ArgumentList.Add(runtimeDll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(name, address, process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data, standardError: false);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data, standardError: true);
        node.StartTimestamp = Stopwatch.GetTimestamp();
        process.Start();
        node.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>A crash: SIGKILL to the process and its children (no shutdown hook runs), then waits for the exit.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.WaitForExit(10_000);
    }

    /// <summary>A graceful stop: SIGTERM (Ctrl-C's sibling), which the node answers with CoordinatedShutdown. Returns at once.</summary>
    public void Terminate()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("SIGTERM needs a POSIX system.");
        if (_process.HasExited) return;
        var info = new ProcessStartInfo("kill") { UseShellExecute = false };
        info.ArgumentList.Add("-TERM");
        info.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info) ?? throw new InvalidOperationException("Could not start kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0 && !_process.HasExited)
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}.");
    }

    /// <summary>Waits for the exit (and the end of its output); the exit code.</summary>
    /// <exception cref="TimeoutException">Still running after <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} (pid {Id}) still runs after {timeout.TotalSeconds:0.#} s.");
        }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    public override string ToString() => $"{Name} (pid {Id}{(Address is null ? "" : ", " + Address)})";

    private void OnLine(string? text, bool standardError)
    {
        if (text is not null)
        {
            Log.Add(text, standardError);
            return;
        }
        // Both streams at their end: nothing more will be read.
        if (Interlocked.Decrement(ref _openStreams) == 0) Log.Complete();
    }
}
