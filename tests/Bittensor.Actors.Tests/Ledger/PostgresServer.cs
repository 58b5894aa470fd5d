using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// A throwaway PostgreSQL server on loopback for the persistence specs: a fresh cluster in a temporary folder,
/// started from the machine's PostgreSQL binaries (Debian's postgresql package) as the <c>postgres</c> user, since
/// the server refuses to run as root, and stopped and deleted afterwards.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string BinaryFolder = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;

    public PostgresServer()
    {
        Unavailable = WhyUnavailable();
        _folder = Path.Combine(Path.GetTempPath(), "bittensor-pg-" + Guid.NewGuid().ToString("N"));
        if (Unavailable is not null) return;

        Directory.CreateDirectory(_folder);
        Run("chown", "postgres", _folder);
        Port = FreePort();
        AsPostgres("initdb", "-D", DataFolder, "-A", "trust", "-U", "bittensor");
        AsPostgres("pg_ctl", "-D", DataFolder, "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1", "-l", Path.Combine(_folder, "log"), "-w", "start");
    }

    /// <summary>Why no server can be started here, or null when one runs.</summary>
    public string? Unavailable { get; }

    /// <summary>
    /// Whether a spec can run against this server. Where none could be started the spec has nothing to test, except
    /// in CI, which installs PostgreSQL (.ci/run) and must run these specs: there the absence is a failure.
    /// </summary>
    public bool AvailableOrFailInCi()
    {
        if (Unavailable is null) return true;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true",
            $"CI must run the PostgreSQL specs, but no server could be started: {Unavailable}");
        return false;
    }

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>A connection string for a new, empty database on the server.</summary>
    public string CreateDatabase()
    {
        var name = "ledger_" + Guid.NewGuid().ToString("N");
        using var connection = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=bittensor;Database=postgres");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return $"Host=127.0.0.1;Port={Port};Username=bittensor;Database={name}";
    }

    public void Dispose()
    {
        if (Unavailable is null)
        {
            try
            {
                AsPostgres("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Stopping is best effort; the folder goes either way.
            }
        }
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux()) return "PostgreSQL specs run on Linux only.";
        if (!File.Exists(Path.Combine(BinaryFolder, "initdb"))) return $"No PostgreSQL server binaries in {BinaryFolder} (Debian package postgresql).";
        if (!File.Exists("/usr/sbin/runuser")) return "runuser is missing.";
        return null;
    }

    private void AsPostgres(string tool, params string[] arguments) =>
        Run("/usr/sbin/runuser", ["-u", "postgres", "--", Path.Combine(BinaryFolder, tool), .. arguments]);

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish within 60 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
