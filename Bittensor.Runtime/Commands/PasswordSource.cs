using System.CommandLine;
using System.Text;

namespace Bittensor.Runtime.Commands;

/// <summary>
/// Where a coldkey password comes from: an environment variable (<c>--password-env VAR</c>), one line of standard
/// input (<c>--password-stdin</c>), or, on an interactive terminal with neither, a prompt that does not echo.
/// There is deliberately no option taking the password itself: it would land in shell history and in <c>ps</c>.
/// </summary>
internal sealed class PasswordSource
{
    private PasswordSource(Option<string> environmentOption, Option<bool> stdinOption)
    {
        EnvironmentOption = environmentOption;
        StdinOption = stdinOption;
    }

    /// <summary><c>--password-env VAR</c>.</summary>
    public Option<string> EnvironmentOption { get; }

    /// <summary><c>--password-stdin</c>.</summary>
    public Option<bool> StdinOption { get; }

    /// <summary>Creates the two options and adds them to <paramref name="command"/>.</summary>
    public static PasswordSource AddTo(Command command)
    {
        var source = new PasswordSource(
            new Option<string>("--password-env")
            {
                Description = "Read the coldkey password from this environment variable.",
                HelpName = "VAR",
            },
            new Option<bool>("--password-stdin")
            {
                Description = "Read the coldkey password from the first line of standard input.",
            });
        command.Options.Add(source.EnvironmentOption);
        command.Options.Add(source.StdinOption);
        return source;
    }

    /// <summary>
    /// Reads the password. <paramref name="confirm"/> asks a prompt twice (a typo in a new password would lock the
    /// coldkey for good); the other sources are taken as given, since a script cannot mistype.
    /// </summary>
    public string Read(ParseResult parseResult, string prompt, bool confirm, TextWriter promptWriter)
    {
        var variable = parseResult.GetValue(EnvironmentOption);
        var fromStdin = parseResult.GetValue(StdinOption);
        if (variable is not null && fromStdin)
        {
            throw new UsageException("Give the password one way: --password-env or --password-stdin, not both.");
        }

        if (variable is not null)
        {
            return Environment.GetEnvironmentVariable(variable)
                ?? throw new UsageException($"The environment variable '{variable}' named by --password-env is not set.");
        }

        if (fromStdin)
        {
            return Console.In.ReadLine()
                ?? throw new UsageException("--password-stdin was given but standard input is empty.");
        }

        if (Console.IsInputRedirected)
        {
            throw new UsageException("No password: standard input is not a terminal, so pass --password-env VAR or --password-stdin.");
        }

        var password = Prompt(prompt, promptWriter);
        if (confirm && Prompt("Retype the password: ", promptWriter) != password)
        {
            throw new UsageException("The two passwords differ; nothing was written.");
        }

        return password;
    }

    // ReadKey with intercept keeps the typed characters off the screen; the prompt goes to the error stream so that
    // standard output stays the command's result.
    private static string Prompt(string prompt, TextWriter writer)
    {
        writer.Write(prompt);
        writer.Flush();
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        writer.WriteLine();
        return password.ToString();
    }
}
