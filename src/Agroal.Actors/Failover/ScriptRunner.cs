using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Agroal.Actors.Failover;

/// <summary>Runs a failover script with its arguments, collects stdout and stderr, and kills its whole tree when it hangs.</summary>
public static class ScriptRunner
{
    public static async Task<ScriptResult> RunAsync(string script, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or UnauthorizedAccessException)
        {
            return new ScriptResult(-1, $"cannot start {script}: {ex.Message}", TimedOut: false);
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = new StringBuilder();
            var stdout = CopyAsync(process.StandardOutput, output);
            var stderr = CopyAsync(process.StandardError, output);
            var timedOut = false;
            using (var deadline = new CancellationTokenSource(timeout))
            {
                try
                {
                    await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // It ended on its own meanwhile.
                    }
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            return new ScriptResult(timedOut ? -1 : process.ExitCode, output.ToString(), timedOut);
        }
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }
}
