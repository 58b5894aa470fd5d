using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bittensor.Runtime.Launcher;

/// <summary>
/// A <c>node</c> started as a child process of this one (the same Bittensor.Runtime build, through <c>dotnet</c>),
/// its standard output and error appended line by line to a log file. Stopped gracefully with SIGTERM (the node's
/// CoordinatedShutdown leaves the cluster), killed when it does not exit in time.
/// </summary>
internal sealed class ChildNode : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildNode(string name, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code when the process ends, however it ends.</summary>
    public Task<int> Exited { get; private init; } = Task.FromResult(0);

    /// <summary>Starts <c>Bittensor.Runtime node</c> with <paramref name="arguments"/>, logging to <paramref name="logPath"/>.</summary>
    public static ChildNode Start(string name, IReadOnlyList<string> arguments, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var (fileName, prefix) = Self();
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in prefix.Concat(arguments)) info.ArgumentList.Add(argument);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult(process.ExitCode);
        if (!process.Start()) throw new InvalidOperationException($"{name}: the process did not start ({fileName}).");
        var child = new ChildNode(name, process, log, logPath) { Exited = exited.Task };
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM, then up to <paramref name="grace"/> for a clean exit, then SIGKILL.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        if (OperatingSystem.IsWindows() || kill(_process.Id, SigTerm) != 0) _process.Kill(entireProcessTree: true);
        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited) _process.Kill(entireProcessTree: true);
        await Exited.ConfigureAwait(false);
    }

    /// <summary>
    /// The next line the node prints that <paramref name="match"/> accepts (lines printed before the call do not
    /// count); a <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task<string> NextLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _waiters.Add((match, found));
        try
        {
            return await found.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} printed no matching line within {timeout.TotalSeconds:0} s; see {LogPath}.");
        }
        finally
        {
            lock (_gate) _waiters.RemoveAll(w => w.Found == found);
        }
    }

    /// <summary>SIGKILL: the process ends at once, as in a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>The last <paramref name="count"/> lines of the log.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
        lock (_gate)
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Enqueue(line);
                if (lines.Count > count) lines.Dequeue();
            }

            return [.. lines];
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        lock (_gate) _log.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _log.WriteLine(line);
            foreach (var (match, found) in _waiters)
                if (match(line)) found.TrySetResult(line);
        }
    }

    // This very build: the Bittensor.Runtime assembly run by the dotnet host that runs this process (or, when this
    // process is not dotnet itself, by the host the SDK names, or the one on PATH).
    private static (string FileName, string[] Prefix) Self()
    {
        var assembly = typeof(ChildNode).Assembly.Location;
        var current = Environment.ProcessPath;
        var host = current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet"
            ? current
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } sdkHost ? sdkHost : "dotnet";
        return (host, [assembly]);
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // the C function's name
    private static extern int kill(int pid, int signal);
#pragma warning restore SA1300, IDE1006
}
