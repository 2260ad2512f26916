using System.Diagnostics;
using System.Text;
using Agroal.Actors.Hosting;

namespace Agroal.Tests.Integration.Executable;

/// <summary>Starts the real <c>agroal</c> executable (the build output next to the tests) and collects its output.</summary>
public sealed class AgroalProcessRunner : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    private AgroalProcessRunner(System.Diagnostics.Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string AgroalDll => typeof(AgroalProcess).Assembly.Location;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <param name="ignoredSignals">Start it with these signals ignored (<c>trap '' INT</c> survives the exec), as a
    /// shell starts a script's background job (INT) or <c>nohup</c> its command (HUP).</param>
    public static AgroalProcessRunner Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? ignoredSignals = null)
    {
        var start = new ProcessStartInfo(ignoredSignals is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ignoredSignals is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"trap '' {ignoredSignals}; exec dotnet \"$@\"");
            start.ArgumentList.Add("sh");
        }
        start.ArgumentList.Add(AgroalDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        if (environment is not null)
        {
            foreach (var pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }
        }
        return new AgroalProcessRunner(System.Diagnostics.Process.Start(start)!);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                Assert.Fail($"agroal exited with {_process.ExitCode} before printing \"{text}\":\n{Output}");
            }
            Assert.True(DateTime.UtcNow < deadline, $"agroal did not print \"{text}\" within {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(50);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"agroal did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }
        return _process.ExitCode;
    }

    public void Signal(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
