using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bittensor.Runtime.Launcher;

/// <summary>
/// A child process running this very node runtime (<c>dotnet Bittensor.Runtime.dll ARGS</c>, see
/// <see cref="RuntimeLocator"/>), its standard output and error read line by line into <see cref="Log"/> as they come
/// (and appended to a log file when one is given). <see cref="Kill"/> is a crash (SIGKILL), <see cref="Terminate"/> a
/// graceful stop (SIGTERM, which the node answers with CoordinatedShutdown), <see cref="StopAsync"/> the two in turn;
/// <see cref="Dispose"/> kills whatever still runs, so no process outlives its owner.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private NodeProcess(string name, string? address, Process process, OutputLog log)
    {
        Name = name;
        Address = address;
        _process = process;
        Log = log;
        Exited = ExitedAsync();
    }

    /// <summary>What the owner calls it in reports (ledger-0, node1, ...).</summary>
    public string Name { get; }

    /// <summary>The cluster address the node was told to listen at, or null.</summary>
    public string? Address { get; }

    public OutputLog Log { get; }

    public int Id { get; private set; }

    /// <summary>When the process was started (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public long StartTimestamp { get; private set; }

    public bool HasExited => _exitCode.Task.IsCompleted || _process.HasExited;

    /// <summary>Completes with the exit code once the process has ended, however it ends, and its output is read to the end.</summary>
    public Task<int> Exited { get; }

    /// <summary>
    /// Starts <c>dotnet Bittensor.Runtime.dll <paramref name="arguments"/></c> in this process's working directory.
    /// </summary>
    /// <param name="name">What reports call it.</param>
    /// <param name="arguments">The runtime's command line (<c>node --roles ...</c>).</param>
    /// <param name="address">The cluster address the node listens at, when known.</param>
    /// <param name="logFile">A file every line of its output is appended to, or null.</param>
    /// <param name="maxLines">Lines of output kept in memory (the most recent); null: every line.</param>
    public static NodeProcess Start(string name, IEnumerable<string> arguments, string? address = null, string? logFile = null, int? maxLines = null)
    {
        var info = new ProcessStartInfo(RuntimeLocator.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(RuntimeLocator.RuntimeDll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        var log = new OutputLog(maxLines, logFile);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(name, address, process, log);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data, standardError: false);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data, standardError: true);
        process.Exited += (_, _) => node.OnExited();
        node.StartTimestamp = Stopwatch.GetTimestamp();
        try
        {
            if (!process.Start()) throw new InvalidOperationException($"{name}: the process did not start ({info.FileName}).");
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }
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
    /// <exception cref="PlatformNotSupportedException">Not a POSIX system.</exception>
    /// <exception cref="InvalidOperationException">The signal could not be sent to a process that still runs.</exception>
    public void Terminate()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("SIGTERM needs a POSIX system.");
        if (!TrySignalTerm() && !HasExited)
            throw new InvalidOperationException($"kill({Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>
    /// SIGTERM, then up to <paramref name="grace"/> for a clean exit, then SIGKILL (at once where SIGTERM cannot be
    /// sent); returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!HasExited && !TrySignalTerm()) Kill();
        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited) Kill();
        return await Exited.ConfigureAwait(false);
    }

    /// <summary>Waits for the exit (and the end of its output); the exit code.</summary>
    /// <exception cref="TimeoutException">Still running after <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            return await Exited.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {Id}) still runs after {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>The last <paramref name="count"/> lines of its output kept in memory.</summary>
    public IReadOnlyList<string> Tail(int count) => Log.Tail(count);

    public void Dispose()
    {
        try
        {
            if (!HasExited) Kill();
        }
        finally
        {
            Log.Dispose();
            _process.Dispose();
        }
    }

    public override string ToString() => $"{Name} (pid {Id}{(Address is null ? "" : ", " + Address)})";

    private async Task<int> ExitedAsync()
    {
        var code = await _exitCode.Task.ConfigureAwait(false);
        await Log.Completion.ConfigureAwait(false);
        return code;
    }

    private void OnExited()
    {
        try
        {
            _exitCode.TrySetResult(_process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            // Disposed before the event came: the process is gone all the same.
            _exitCode.TrySetResult(-1);
        }
    }

    private bool TrySignalTerm() => !OperatingSystem.IsWindows() && !HasExited && kill(Id, SigTerm) == 0;

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

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // the C function's name
    private static extern int kill(int pid, int signal);
#pragma warning restore SA1300, IDE1006
}
