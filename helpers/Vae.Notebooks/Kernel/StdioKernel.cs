using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vae.Notebooks.Kernel;

/// <summary>
/// A .NET Interactive kernel process driven over its stdio protocol: one JSON envelope per line each way. Commands
/// go to its stdin as KernelCommandEnvelopes ({token, commandType, command}); every KernelEventEnvelope it writes
/// comes back through <see cref="EventReceived"/>, on the reader thread, in order.
/// </summary>
/// <remarks>
/// Why a process and not the Microsoft.DotNet.Interactive packages hosted in this one: the process is the very
/// tool build VS Code starts (pinned in .config/dotnet-tools.json), so a notebook that passes here runs there;
/// and a notebook's #r, statics and native libraries die with its process instead of leaking into the next one.
/// </remarks>
public sealed class StdioKernel : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process process;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly StringBuilder errorTail = new();
    private readonly Task reader;
    private readonly Task errorReader;
    private (string Token, TaskCompletionSource<KernelEvent> Done)? pending;

    private StdioKernel(Process process)
    {
        this.process = process;
        reader = Task.Run(ReadEventsAsync);
        errorReader = Task.Run(ReadErrorsAsync);
    }

    /// <summary>Every event the kernel sends, whichever command it answers (late display updates included).</summary>
    public event Action<KernelEvent>? EventReceived;

    /// <summary>A line the process wrote to stdout that is not protocol JSON (native code writing to the terminal).</summary>
    public event Action<string>? StrayOutput;

    /// <summary>Starts the pinned kernel for a notebook in <paramref name="workingDirectory"/> and waits until it is ready.</summary>
    /// <exception cref="KernelUnavailableException">The tool is not restored or the process exited or hung on start.</exception>
    public static Task<StdioKernel> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken) =>
        StartAsync(KernelTool.StartInfo(workingDirectory, environment), cancellationToken);

    /// <summary>
    /// Starts the kernel process <paramref name="start"/> describes (the tool's command as <see cref="KernelTool.StartInfo"/>
    /// gives it, or that command wrapped, e.g. in a sandbox) and waits until it is ready. Its stdio must be redirected.
    /// </summary>
    /// <exception cref="KernelUnavailableException">The process did not start, exited or hung on start.</exception>
    public static Task<StdioKernel> StartAsync(ProcessStartInfo start, CancellationToken cancellationToken) =>
        StartAsync(() => Process.Start(start), cancellationToken);

    /// <summary>
    /// Starts the kernel process through <paramref name="launch"/> (which starts a <see cref="ProcessStartInfo"/> with its stdio
    /// redirected, from a thread of its choosing) and waits until it is ready.
    /// </summary>
    /// <exception cref="KernelUnavailableException">The process did not start, exited or hung on start.</exception>
    public static async Task<StdioKernel> StartAsync(Func<Process?> launch, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = launch() ?? throw new KernelUnavailableException("dotnet did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KernelUnavailableException($"could not run dotnet to start the .NET Interactive kernel: {e.Message}");
        }
        var kernel = new StdioKernel(process);
        try
        {
            await kernel.ready.Task.WaitAsync(StartTimeout, cancellationToken);
            return kernel;
        }
        catch (Exception e) when (e is TimeoutException or KernelUnavailableException or OperationCanceledException)
        {
            var why = e is TimeoutException ? $"it did not report ready within {StartTimeout.TotalMinutes:0} minutes" : e.Message;
            await kernel.DisposeAsync();
            if (e is OperationCanceledException)
                throw;
            throw new KernelUnavailableException(
                $"the .NET Interactive kernel ({KernelTool.PackageId} {KernelTool.PinnedVersion}) did not start: {why}. " +
                $"Run ./setup.sh (it runs `dotnet tool restore`).{kernel.ErrorTail()}");
        }
    }

    /// <summary>Submits one cell and waits for the kernel's CommandSucceeded or CommandFailed for it.</summary>
    /// <exception cref="KernelUnavailableException">The kernel process exited before it answered.</exception>
    public async Task<KernelEvent> SubmitCodeAsync(string token, string code, string kernelName, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<KernelEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (pending is not null)
                throw new InvalidOperationException("one command at a time: the previous cell has not finished");
            pending = (token, done);
        }
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernelName },
        };
        try
        {
            await SendAsync(envelope);
            // Cancelling kills the process (DisposeAsync); a cell cannot be interrupted otherwise over stdio.
            await using var cancel = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            return await done.Task;
        }
        finally
        {
            lock (gate)
                pending = null;
        }
    }

    /// <summary>The last lines the kernel wrote to its stderr, for error messages ("" if none).</summary>
    public string ErrorTail()
    {
        lock (errorTail)
            return errorTail.Length == 0 ? "" : $"\nkernel stderr:\n{errorTail.ToString().TrimEnd()}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                await SendAsync(new JsonObject { ["token"] = "quit", ["commandType"] = "Quit", ["command"] = new JsonObject() });
                process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(grace.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // Quitting politely failed; the kill below ends it.
        }
        finally
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited in the meantime.
            }
            await Task.WhenAll(reader, errorReader).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            process.Dispose();
        }
    }

    // The runner and the reader thread (refusing a command) both write: one envelope at a time.
    private async Task SendAsync(JsonObject envelope)
    {
        await writing.WaitAsync();
        try
        {
            await process.StandardInput.WriteAsync(envelope.ToJsonString() + "\n");
            await process.StandardInput.FlushAsync();
        }
        finally
        {
            writing.Release();
        }
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                await HandleLineAsync(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke: treated as the process ending, below.
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await errorReader.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        var code = process.HasExited ? $" with exit code {process.ExitCode}" : "";
        var exited = new KernelUnavailableException($"the kernel process exited{code}{ErrorTail()}");
        ready.TrySetException(exited);
        lock (gate)
            pending?.Done.TrySetException(exited);
    }

    private async Task HandleLineAsync(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            // The first-run banner, or native code printing to the process's stdout.
            if (line.Trim().Length > 0)
                StrayOutput?.Invoke(line);
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("commandType", out _))
            {
                // The kernel asks its front end for something (input, a JavaScript kernel): there is none here.
                await RefuseAsync(root);
                return;
            }
            if (KernelEvent.Parse(root) is not { } kernelEvent)
                return;
            if (kernelEvent.Type == KernelEvent.Ready)
                ready.TrySetResult();
            EventReceived?.Invoke(kernelEvent);
            if (kernelEvent.IsCompletion)
            {
                lock (gate)
                    if (pending is { } p && p.Token == kernelEvent.Token)
                        p.Done.TrySetResult(kernelEvent);
            }
        }
    }

    private Task RefuseAsync(JsonElement command)
    {
        var type = command.GetProperty("commandType").GetString();
        return SendAsync(new JsonObject
        {
            ["eventType"] = KernelEvent.Failed,
            ["event"] = new JsonObject { ["message"] = $"the headless runner has no front end to handle {type}" },
            ["command"] = JsonNode.Parse(command.GetRawText()),
        });
    }

    private async Task ReadErrorsAsync()
    {
        try
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
                lock (errorTail)
                {
                    errorTail.AppendLine(line);
                    if (errorTail.Length > 4000)
                        errorTail.Remove(0, errorTail.Length - 4000);
                }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nothing more to read.
        }
    }
}
