using System.Text;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Bittensor.Ledger.Persistence;

/// <summary>
/// The Akka configuration of the ledger's store: hocon/persistence-sqlite.conf (embedded in this assembly) with the
/// database path put in, on top of Akka.Persistence.Sql's own defaults.
/// </summary>
public static class LedgerPersistenceConfig
{
    private const string SqliteResource = "Bittensor.hocon.persistence-sqlite.conf";

    /// <summary>The persistence HOCON as shipped (connection strings point at <c>ledger.db</c>).</summary>
    public static string SqliteHocon()
    {
        using var stream = typeof(LedgerPersistenceConfig).Assembly.GetManifestResourceStream(SqliteResource)
            ?? throw new InvalidOperationException($"The embedded resource {SqliteResource} is missing from {typeof(LedgerPersistenceConfig).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

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
        var quoted = Quote(connectionString);
        var overrides = ConfigurationFactory.ParseString(
            $"akka.persistence.journal.sql.connection-string = {quoted}\n" +
            $"akka.persistence.snapshot-store.sql.connection-string = {quoted}\n");
        return overrides
            .WithFallback(ConfigurationFactory.ParseString(SqliteHocon()))
            .WithFallback(SqlPersistence.DefaultConfiguration);
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
