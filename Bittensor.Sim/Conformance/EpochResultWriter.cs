using System.Text.Json;
using Bittensor.Consensus;

namespace Bittensor.Sim.Conformance;

/// <summary>
/// Writes the outputs of one epoch with exactly the keys and encodings of the conformance schema's <c>derived</c>
/// object: u16 storage values, emission in rao, and bonds as sparse rows of [uid, u16] in stored order.
/// </summary>
public static class EpochResultWriter
{
    public static void WriteStep(Utf8JsonWriter writer, EpochTerms terms)
    {
        writer.WriteStartObject();
        WriteBooleans(writer, "active", terms.Active);
        WriteBooleans(writer, "new_validator_permit", terms.NewValidatorPermit);
        WriteNumbers(writer, "consensus_u16", terms.ConsensusU16);
        WriteNumbers(writer, "incentive_u16", terms.IncentiveU16);
        WriteNumbers(writer, "dividends_u16", terms.DividendsU16);
        WriteNumbers(writer, "validator_trust_u16", terms.ValidatorTrustU16);
        WriteNumbers(writer, "stake_weight_u16", terms.StakeWeightU16);
        WriteNumbers(writer, "server_emission", terms.ServerEmission);
        WriteNumbers(writer, "validator_emission", terms.ValidatorEmission);
        WriteNumbers(writer, "emission", terms.Emission);
        writer.WriteStartArray("bonds_out");
        for (var i = 0; i < terms.Bonds.RowCount; i++)
        {
            writer.WriteStartArray();
            var columns = terms.Bonds.Columns(i);
            var values = terms.Bonds.Values(i);
            for (var k = 0; k < columns.Length; k++)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(columns[k]);
                writer.WriteNumberValue(values[k]);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteBooleans(Utf8JsonWriter writer, string name, bool[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteBooleanValue(value);
        writer.WriteEndArray();
    }

    private static void WriteNumbers(Utf8JsonWriter writer, string name, ushort[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteNumberValue(value);
        writer.WriteEndArray();
    }

    private static void WriteNumbers(Utf8JsonWriter writer, string name, ulong[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteNumberValue(value);
        writer.WriteEndArray();
    }
}
