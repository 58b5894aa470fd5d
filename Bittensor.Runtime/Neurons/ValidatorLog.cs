using System.Globalization;
using Akka.Actor;
using Bittensor.Neurons;

namespace Bittensor.Runtime.Neurons;

/// <summary>
/// The step listener of a node's validators: one line per step whose queries failed (each uid with its reason: a
/// dead miner shows as a timeout) and per weights row sent, so an operator sees what the validators see. Quiet steps
/// are not printed: at a 250 ms block time they would flood the terminal. Every <see cref="SummaryEverySteps"/>
/// steps a validator gets a summary line with the blocks it skipped (a validator that cannot keep up with the block
/// time steps at the newest block and skips the ones in between).
/// </summary>
internal sealed class ValidatorLog : ReceiveActor
{
    public const int SummaryEverySteps = 100;

    private readonly Dictionary<string, (ulong LastBlock, long Steps, long Skipped)> _progress = [];

    public ValidatorLog(TextWriter output)
    {
        Receive<ValidatorStepped>(stepped =>
        {
            var validator = Sender.Path.Name;
            var (last, steps, skipped) = _progress.GetValueOrDefault(validator);
            skipped += steps > 0 && stepped.Block > last + 1 ? (long)(stepped.Block - last - 1) : 0;
            _progress[validator] = (stepped.Block, ++steps, skipped);
            if (steps % SummaryEverySteps == 0)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{validator} block {stepped.Block}: {steps} steps, {skipped} blocks skipped"));
            if (stepped.Failures.Count > 0)
            {
                var failures = string.Join(", ", stepped.Failures.OrderBy(f => f.Key).Select(f => string.Create(CultureInfo.InvariantCulture, $"uid {f.Key} {f.Value}")));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{validator} block {stepped.Block}: {stepped.Failures.Count} of {stepped.Queried.Count} queries failed: {failures}"));
            }

            if (stepped.WeightsSent is { } row)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{validator} block {stepped.Block}: weights set on {row.Uids.Length} uids"));
        });
    }

    public static Props Props(TextWriter output) => Akka.Actor.Props.Create(() => new ValidatorLog(output));
}
