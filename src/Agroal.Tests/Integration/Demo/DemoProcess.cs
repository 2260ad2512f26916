using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Agroal.Tests.Integration.Demo;

/// <summary>The demo script as a child process: started with the test knobs, stopped with SIGTERM like Ctrl-C.</summary>
internal sealed class DemoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DemoProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static DemoProcess Start(string repository, string readyFile)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repository,
        };
        start.ArgumentList.Add("scripts/demo.sh");
        start.Environment["AGROAL_DEMO_PORT"] = "0";
        start.Environment["AGROAL_DEMO_READY_FILE"] = readyFile;
        start.Environment["CONFIGURATION"] = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new DemoProcess(process);
    }

    public async Task<string> WaitForReadyAsync(string readyFile, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(readyFile))
        {
            Assert.False(_process.HasExited, $"the demo exited before it was ready:\n{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the demo was not ready within {timeout}:\n{Output}");
            await Task.Delay(200);
        }
        return await File.ReadAllTextAsync(readyFile);
    }

    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Let the script's trap stop PostgreSQL and agroal before anything is killed.
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
