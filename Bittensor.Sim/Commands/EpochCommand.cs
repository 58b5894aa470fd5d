using System.CommandLine;
using System.Text.Json;
using Bittensor.Sim.Conformance;

namespace Bittensor.Sim.Commands;

/// <summary>
/// <c>epoch --input CASES.json --output RESULTS.json</c>: runs Yuma Consensus epochs from a case file in the
/// conformance schema. Exit code 1 only when the input cannot be read or the output cannot be written; a
/// malformed case is reported inside the results.
/// </summary>
public static class EpochCommand
{
    private static readonly Option<FileInfo> Input = new("--input") { Description = "JSON array of epoch cases", Required = true };
    private static readonly Option<FileInfo> Output = new("--output") { Description = "where to write the JSON array of results", Required = true };

    public static Command Create()
    {
        var command = new Command("epoch", "Run epochs from a case file (the conformance schema) and write their outputs.") { Input, Output };
        command.SetAction(parse => Execute(parse.GetValue(Input)!, parse.GetValue(Output)!));
        return command;
    }

    public static int Execute(FileInfo input, FileInfo output)
    {
        JsonDocument document;
        try
        {
            using var stream = input.OpenRead();
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"epoch: cannot read {input.FullName}: {e.Message}");
            return ExitCodes.InputUnreadable;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                Console.Error.WriteLine($"epoch: {input.FullName} is not a JSON array of cases.");
                return ExitCodes.InputUnreadable;
            }
            try
            {
                using var stream = output.Create();
                using var writer = new Utf8JsonWriter(stream);
                var (computed, failed) = EpochCaseRunner.Run(document.RootElement, writer);
                writer.Flush();
                Console.WriteLine($"epoch: {computed} case(s) computed, {failed} rejected as malformed -> {output.FullName}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"epoch: cannot write {output.FullName}: {e.Message}");
                return ExitCodes.InputUnreadable;
            }
        }
    }
}
