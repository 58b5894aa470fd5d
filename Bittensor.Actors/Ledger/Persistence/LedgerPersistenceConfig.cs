using System.Text;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Bittensor.Ledger.Persistence;

/// <summary>
/// The Akka configuration of the ledger's store: hocon/ledger-serialization.conf and one of
/// hocon/persistence-sqlite.conf (the default) or hocon/persistence-postgres.conf, all embedded in this assembly,
/// with the connection put in, on top of Akka.Persistence.Sql's own defaults.
/// </summary>
public static class LedgerPersistenceConfig
{
    /// <summary>A HOCON file of hocon/ as shipped, by file name (for example <c>persistence-sqlite.conf</c>).</summary>
    public static string Hocon(string fileName)
    {
        var resource = "Bittensor.hocon." + fileName;
        using var stream = typeof(LedgerPersistenceConfig).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from {typeof(LedgerPersistenceConfig).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The ledger's serializer bindings alone (hocon/ledger-serialization.conf: events, snapshots and the
    /// <see cref="LedgerActor"/>'s messages), for a node that talks to a ledger on another node without hosting one.
    /// </summary>
    public static Config Serialization() => ConfigurationFactory.ParseString(Hocon("ledger-serialization.conf"));

    /// <summary>
    /// Journal and snapshot store in the PostgreSQL database of <paramref name="connectionString"/> (an Npgsql
    /// connection string; tables created on first use): one database that ledger nodes on several machines share.
    /// </summary>
    public static Config PostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return WithConnection(Quote(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).ToString()), "persistence-postgres.conf");
    }

    /// <summary>
    /// Journal and snapshot store in memory (Akka.Persistence's own inmem plugins), ledger messages bound to their
    /// serializers: for simulations and tests whose chain lives only as long as the process.
    /// </summary>
    public static Config InMemory() =>
        ConfigurationFactory.ParseString(
                "akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"\n" +
                "akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.inmem\"\n")
            .WithFallback(Serialization());

    private static Config WithConnection(string quotedConnectionString, string storeFile) =>
        ConfigurationFactory.ParseString(
                $"akka.persistence.journal.sql.connection-string = {quotedConnectionString}\n" +
                $"akka.persistence.snapshot-store.sql.connection-string = {quotedConnectionString}\n")
            .WithFallback(ConfigurationFactory.ParseString(Hocon(storeFile)))
            .WithFallback(Serialization())
            .WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>
    /// Journal and snapshot store in the SQLite database file at <paramref name="databasePath"/> (created with its
    /// tables on first use), ledger events bound to <see cref="LedgerMessageSerializer"/>. The file is put in WAL
    /// mode first: a commit then appends to the log instead of rewriting pages, several times the writes per second,
    /// and it stays durable (every commit is synced).
    /// </summary>
    public static Config Sqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();
        UseWriteAheadLog(connectionString);
        return WithConnection(Quote(connectionString), "persistence-sqlite.conf");
    }

    // journal_mode is stored in the database file, so setting it once before Akka opens the file is enough.
    private static void UseWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>A HOCON quoted string (JSON escaping) holding <paramref name="value"/> verbatim.</summary>
    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }
}
