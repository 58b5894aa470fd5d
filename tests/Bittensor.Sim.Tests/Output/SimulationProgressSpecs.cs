using Bittensor.Sim.Output;
using Spectre.Console;

namespace Bittensor.Sim.Tests.Output;

/// <summary>Progress in plain mode (a line at the first report of each epoch), quiet (nothing) and bar mode.</summary>
public sealed class SimulationProgressSpecs
{
    [Fact]
    public void Plain_progress_should_print_one_line_per_epoch()
    {
        var writer = new StringWriter();
        using (var progress = new SimulationProgress(writer))
        {
            progress.Report(0, 720, 0);
            progress.Report(100, 720, 0);
            progress.Report(360, 720, 1);
            progress.Report(720, 720, 1);
        }

        Assert.Equal("epoch 0: block 0/720 (0.0%)\nepoch 1: block 360/720 (50.0%)\n", writer.ToString());
    }

    [Fact]
    public void Quiet_progress_should_print_nothing()
    {
        using var progress = new SimulationProgress((TextWriter?)null);

        progress.Report(360, 720, 1);
    }

    [Fact]
    public async Task Bar_progress_should_end_on_dispose_and_show_the_epoch()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });

        var progress = new SimulationProgress(console);
        progress.Report(360, 720, 1);
        var disposed = Task.Run(progress.Dispose);

        Assert.Same(disposed, await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Contains("epoch 1", output.ToString(), StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => progress.Report(720, 720, 1));
    }
}
