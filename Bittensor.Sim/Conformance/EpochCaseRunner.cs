using System.Text.Json;
using Bittensor.Consensus;

namespace Bittensor.Sim.Conformance;

/// <summary>
/// The contract of the <c>epoch</c> command (shared/conformance/README.md): every case of the input array is run
/// independently; a malformed case yields <c>{"name", "error"}</c> and the others are still computed.
/// </summary>
public static class EpochCaseRunner
{
    /// <summary>Runs every case of <paramref name="cases"/> (a JSON array) and writes the results array.</summary>
    public static (int Computed, int Failed) Run(JsonElement cases, Utf8JsonWriter writer)
    {
        if (cases.ValueKind != JsonValueKind.Array) throw new EpochCaseException("the input is not a JSON array of cases");
        int computed = 0, failed = 0;
        writer.WriteStartArray();
        foreach (var testCase in cases.EnumerateArray())
        {
            writer.WriteStartObject();
            if (testCase.ValueKind == JsonValueKind.Object && testCase.TryGetProperty("name", out var name))
            {
                writer.WritePropertyName("name");
                name.WriteTo(writer);
            }
            else writer.WriteNull("name");

            try
            {
                var steps = EpochCaseReader.ReadSteps(testCase);
                var results = steps.Select(step => Epoch.Run(step.Hyperparameters, step.State)).ToList();
                writer.WriteStartArray("steps");
                foreach (var terms in results) EpochResultWriter.WriteStep(writer, terms);
                writer.WriteEndArray();
                computed++;
            }
            catch (Exception e) when (e is EpochCaseException or EpochInputException or HyperparameterException)
            {
                writer.WriteString("error", e.Message);
                failed++;
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        return (computed, failed);
    }
}
