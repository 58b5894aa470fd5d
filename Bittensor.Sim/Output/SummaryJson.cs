using System.Text;
using System.Text.Json;

namespace Bittensor.Sim.Output;

/// <summary>
/// Writes <c>summary.json</c>: what was asked (arguments, hyperparameters, seed), what it cost (blocks, wall seconds,
/// blocks per second), who took part (peers by role and class) and the <see cref="SummaryMetrics"/>.
/// </summary>
/// <remarks>
/// Top-level keys in this order: <c>arguments</c>, <c>hyperparameters</c>, <c>seed</c>, <c>wall_seconds</c>,
/// <c>blocks_per_second</c>, <c>blocks</c>, <c>peers</c> (<c>total</c>, then <c>miner</c> and <c>validator</c>, each
/// class → count), <c>metrics</c> (<c>last_epoch</c>, <c>spearman_quality_incentive</c>,
/// <c>emission_share_by_class</c>, <c>dividends_per_stake_by_class</c>, <c>miner_emission_gini</c>,
/// <c>mean_validator_trust</c>). Keys inside maps are in ordinal order, so equal runs give equal text apart from the two
/// wall-clock numbers. Undefined metrics are <c>null</c>. Indented, <c>\n</c> line endings, UTF-8 without a BOM.
/// </remarks>
public static class SummaryJson
{
    /// <summary>The file name the run writes.</summary>
    public const string FileName = "summary.json";

    /// <summary>Writes the summary of <paramref name="run"/> to <paramref name="path"/>, replacing the file.</summary>
    public static void Write(string path, SimulationRun run, SummaryMetrics metrics) =>
        File.WriteAllBytes(path, ToUtf8(run, metrics));

    /// <summary>The summary as text.</summary>
    public static string ToJson(SimulationRun run, SummaryMetrics metrics) => Encoding.UTF8.GetString(ToUtf8(run, metrics));

    /// <summary>The summary as UTF-8 bytes, ending with a line break.</summary>
    public static byte[] ToUtf8(SimulationRun run, SummaryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            WriteStrings(json, "arguments", run.Arguments);
            WriteStrings(json, "hyperparameters", run.Hyperparameters);
            json.WriteNumber("seed", run.Seed);
            json.WriteNumber("wall_seconds", run.WallSeconds);
            json.WriteNumber("blocks_per_second", run.BlocksPerSecond);
            json.WriteNumber("blocks", run.Blocks);
            WritePeers(json, run.Peers);
            WriteMetrics(json, metrics);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(key, value);
        json.WriteEndObject();
    }

    private static void WritePeers(Utf8JsonWriter json, IReadOnlyList<PeerInfo> peers)
    {
        json.WriteStartObject("peers");
        json.WriteNumber("total", peers.Count);
        foreach (var role in new[] { PeerRole.Miner, PeerRole.Validator })
        {
            json.WriteStartObject(MetagraphCsv.RoleName(role));
            foreach (var group in peers.Where(p => p.Role == role).GroupBy(p => p.Class, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                json.WriteNumber(group.Key, group.Count());
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, SummaryMetrics metrics)
    {
        json.WriteStartObject("metrics");
        if (metrics.LastEpoch is { } epoch) json.WriteNumber("last_epoch", epoch);
        else json.WriteNull("last_epoch");
        WriteNullable(json, "spearman_quality_incentive", metrics.SpearmanQualityIncentive);
        WriteClassMap(json, "emission_share_by_class", metrics.EmissionShareByClass);
        WriteClassMap(json, "dividends_per_stake_by_class", metrics.DividendsPerStakeByClass);
        WriteNullable(json, "miner_emission_gini", metrics.MinerEmissionGini);
        WriteNullable(json, "mean_validator_trust", metrics.MeanValidatorTrust);
        json.WriteEndObject();
    }

    private static void WriteClassMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, double?> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal)) WriteNullable(json, key, value);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        // JSON has no NaN or infinity; a metric that is not a finite number is undefined.
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
