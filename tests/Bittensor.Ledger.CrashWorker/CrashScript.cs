using Bittensor.Ledger;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// The seeded script of the crash specs, shared by the worker process (which sends it) and the specs (which replay
/// it): the <see cref="RandomLedgerCommands"/> genesis one command at a time, then its random stream, drawn from a
/// model <see cref="LedgerState"/> that the caller keeps in step with <see cref="Apply"/>. A step is what the worker
/// sends before it waits for replies: one command, or a <see cref="SetWeights"/> followed by the
/// <see cref="AdvanceBlock"/> that ends its block (the actor answers weights only when the block ends). The same seed
/// gives the same steps.
/// </summary>
internal sealed class CrashScript
{
    private readonly RandomLedgerCommands _stream;
    private readonly Queue<ILedgerCommand> _genesis;

    public CrashScript(int seed, LedgerSettings? settings = null)
    {
        _stream = new RandomLedgerCommands(seed);
        _genesis = new Queue<ILedgerCommand>(_stream.Genesis());
        Model = new LedgerState(settings);
    }

    /// <summary>The ledger as the script has applied it so far.</summary>
    public LedgerState Model { get; }

    /// <summary>The next step; apply each of its commands with <see cref="Apply"/>, in order, before asking for another.</summary>
    public IReadOnlyList<ILedgerCommand> NextStep()
    {
        if (_genesis.TryDequeue(out var genesis)) return [genesis];
        var command = _stream.Next(Model);
        return command is SetWeights ? [command, AdvanceBlock.Instance] : [command];
    }

    /// <summary>Applies a command of the current step to the model; returns its outcome and the hash after it.</summary>
    public (LedgerOutcome Outcome, string StateHash) Apply(ILedgerCommand command)
    {
        var outcome = Model.Apply(command);
        _stream.Observe(command, outcome);
        return (outcome, Model.StateHash());
    }
}
