namespace Bittensor.Sim.Tests;

/// <summary>A fresh folder under the system temp path for one test's input and output files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bittensor-sim-tests-" + Guid.NewGuid().ToString("N"));

    public FileInfo File(string name) => new(System.IO.Path.Combine(Path, name));

    /// <summary>Writes <paramref name="content"/> to a new file of the folder and returns it.</summary>
    public FileInfo Write(string name, string content)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file.FullName, content);
        return file;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
