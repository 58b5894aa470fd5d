using System.CommandLine;
using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim.Commands;

/// <summary><c>scenarios</c>: every scenario <c>run --scenario</c> takes, with one line of what it shows.</summary>
public static class ScenariosCommand
{
    public static Command Create()
    {
        var scenarios = new Command("scenarios", "List the scenarios (run --scenario NAME) and what each shows.");
        scenarios.SetAction(_ =>
        {
            Write(Console.Out);
            return ExitCodes.Ok;
        });
        return scenarios;
    }

    /// <summary>Writes one line per scenario of <see cref="ScenarioCatalog.All"/>: its name, padded, then its description.</summary>
    public static void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var width = ScenarioCatalog.All.Max(s => s.Name.Length);
        foreach (var scenario in ScenarioCatalog.All)
        {
            writer.WriteLine($"{scenario.Name.PadRight(width)}  {scenario.Description}");
        }
    }
}
