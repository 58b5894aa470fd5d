using System.Globalization;

namespace Bittensor.Runtime.Node;

/// <summary>
/// What a node is started with: its roles, where it listens, whom it joins, where a ledger node stores its chain,
/// and how often the ledger produces a block. <see cref="Create"/> checks everything a user can get wrong and
/// reports it as an <see cref="ArgumentException"/> whose message is fit to print.
/// </summary>
internal sealed record NodeOptions
{
    public const string SystemName = "bittensor";
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 4053;
    public static readonly TimeSpan DefaultBlockTime = TimeSpan.FromSeconds(12);

    private NodeOptions(IReadOnlyList<string> roles, string host, int port, IReadOnlyList<string> seedNodes, string dataDirectory,
        TimeSpan blockTime, string? configFile, ulong faucetRao, string? postgresConnection)
    {
        FaucetRao = faucetRao;
        PostgresConnection = postgresConnection;
        Roles = roles;
        Host = host;
        Port = port;
        SeedNodes = seedNodes;
        DataDirectory = dataDirectory;
        BlockTime = blockTime;
        ConfigFile = configFile;
    }

    /// <summary>Distinct roles, in the order <see cref="NodeRole.All"/> lists them.</summary>
    public IReadOnlyList<string> Roles { get; }

    public string Host { get; }

    /// <summary>The TCP port; 0 lets the system pick a free one (tests).</summary>
    public int Port { get; }

    /// <summary>Seed node addresses; empty means this node forms a cluster of its own by joining itself.</summary>
    public IReadOnlyList<string> SeedNodes { get; }

    /// <summary>Where a ledger node keeps <c>ledger.db</c>.</summary>
    public string DataDirectory { get; }

    public TimeSpan BlockTime { get; }

    /// <summary>The Npgsql connection string of the ledger's PostgreSQL database, or null for SQLite in <see cref="DataDirectory"/>.</summary>
    public string? PostgresConnection { get; }

    /// <summary>The most rao the ledger mints per faucet request (a development chain's test TAO); 0: no faucet.</summary>
    public ulong FaucetRao { get; }

    /// <summary>A HOCON file layered between the node's defaults and its command-line options, or null.</summary>
    public string? ConfigFile { get; }

    public bool HasRole(string role) => Roles.Contains(role);

    public string LedgerDatabasePath => Path.Combine(DataDirectory, "ledger.db");

    /// <summary>Validated options. <paramref name="roles"/> entries may hold several comma-separated roles.</summary>
    /// <exception cref="ArgumentException">A value the user has to fix; the message says which and why.</exception>
    public static NodeOptions Create(IEnumerable<string> roles, string? host = null, int port = DefaultPort, IEnumerable<string>? seedNodes = null,
        string? dataDirectory = null, TimeSpan? blockTime = null, string? configFile = null, ulong faucetRao = 0, string? postgresEnv = null)
    {
        var requested = roles.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(r => r.ToLowerInvariant()).ToList();
        if (requested.Count == 0)
            throw new ArgumentException($"--roles needs at least one of {string.Join(", ", NodeRole.All)}.");
        var unknown = requested.Where(r => !NodeRole.All.Contains(r)).Distinct().ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown role(s) {string.Join(", ", unknown)}: a node's roles are among {string.Join(", ", NodeRole.All)}.");

        host = string.IsNullOrWhiteSpace(host) ? DefaultHost : host.Trim();
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new ArgumentException($"--host {host} is not a host name or IP address.");
        if (port is < 0 or > 65535)
            throw new ArgumentException($"--port {port.ToString(CultureInfo.InvariantCulture)} is outside 0-65535.");

        var seeds = (seedNodes ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var seed in seeds) CheckSeedNode(seed);

        var time = blockTime ?? DefaultBlockTime;
        if (time < TimeSpan.FromMilliseconds(10))
            throw new ArgumentException($"--block-time {time} is too short: at least 10 ms.");

        if (configFile is not null && !File.Exists(configFile))
            throw new ArgumentException($"--config {configFile}: no such file.");

        return new NodeOptions(
            [.. NodeRole.All.Where(requested.Contains)],
            host, port, seeds,
            Path.GetFullPath(string.IsNullOrWhiteSpace(dataDirectory) ? "data" : dataDirectory),
            time, configFile, faucetRao, postgresEnv is null ? null : PostgresConnectionFrom(postgresEnv));
    }

    /// <summary>
    /// Options of a client (a cluster member with no roles, on any free port) that joins <paramref name="seedNodes"/>
    /// to send the ledger commands; it opens no store.
    /// </summary>
    /// <exception cref="ArgumentException">No seed node, a malformed one, or a missing config file.</exception>
    public static NodeOptions Client(IEnumerable<string>? seedNodes, string? host = null, string? configFile = null)
    {
        var seeds = (seedNodes ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (seeds.Count == 0)
            throw new ArgumentException($"--seed-nodes is required: the address of a running node, like akka.tcp://{SystemName}@127.0.0.1:{DefaultPort}.");
        foreach (var seed in seeds) CheckSeedNode(seed);
        host = string.IsNullOrWhiteSpace(host) ? DefaultHost : host.Trim();
        if (configFile is not null && !File.Exists(configFile))
            throw new ArgumentException($"--config {configFile}: no such file.");
        return new NodeOptions([], host, 0, seeds, Path.GetFullPath("data"), DefaultBlockTime, configFile, faucetRao: 0, postgresConnection: null);
    }

    /// <summary>
    /// A block time as written on the command line: <c>12s</c>, <c>500ms</c>, <c>1m</c>, or a plain number of
    /// seconds (<c>12</c>, <c>0.5</c>).
    /// </summary>
    public static TimeSpan ParseBlockTime(string text) => ParseDuration(text, "--block-time");

    /// <summary>A duration as written on the command line (see <see cref="ParseBlockTime"/>), for the option <paramref name="option"/>.</summary>
    public static TimeSpan ParseDuration(string text, string option)
    {
        var t = text.Trim().ToLowerInvariant();
        (string number, double unitSeconds) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
            throw new ArgumentException($"{option} {text} is not a duration (for example 12s, 500ms or 12).");
        return TimeSpan.FromSeconds(value * unitSeconds);
    }

    // The connection string holds a password: it comes from the environment, never the command line (shell history, ps).
    private static string PostgresConnectionFrom(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"--postgres-env {variable}: the environment variable is not set (it holds the Npgsql connection string of the ledger's database).");
        try
        {
            return new Npgsql.NpgsqlConnectionStringBuilder(value).ToString();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--postgres-env {variable}: not an Npgsql connection string ({ex.Message}).");
        }
    }

    private static void CheckSeedNode(string seed)
    {
        // Akka's own parser would accept more, but a typo here only surfaces as a node that never joins: check the shape.
        if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || uri.Scheme != "akka.tcp" || uri.UserInfo != SystemName
            || string.IsNullOrEmpty(uri.Host) || uri.Port <= 0 || uri.AbsolutePath is not ("" or "/"))
            throw new ArgumentException($"--seed-nodes {seed} is not a node address like akka.tcp://{SystemName}@127.0.0.1:{DefaultPort}.");
    }
}
