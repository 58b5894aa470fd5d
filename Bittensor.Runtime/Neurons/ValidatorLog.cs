using System.Globalization;
using Akka.Actor;
using Bittensor.Neurons;

namespace Bittensor.Runtime.Neurons;

/// <summary>
/// The step listener of a node's validators: one line per step whose queries failed (each uid with its reason: a
/// dead miner shows as a timeout) and per weights row sent, so an operator sees what the validators see. Quiet steps
/// are not printed: at a 250 ms block time they would flood the terminal.
/// </summary>
internal sealed class ValidatorLog : ReceiveActor
{
    public ValidatorLog(TextWriter output)
    {
        Receive<ValidatorStepped>(stepped =>
        {
            var validator = Sender.Path.Name;
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
