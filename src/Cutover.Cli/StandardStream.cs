using System.Text;

namespace Cutover.Cli;

/// <summary>
/// stdout or stderr, guarded against writes that fail (a full disk, a closed pipe: an <see cref="IOException"/>).
/// Left alone, such a write crashed the tool — on stderr while it reported an error, with SIGABRT. stdout is what a
/// command produces, so its failure stops the command (<see cref="OutputFailedException"/>, exit 74); stderr only
/// carries the log and the error lines, so what cannot be written there is dropped and the exit code still tells
/// the outcome.
/// </summary>
internal sealed class StandardStream(TextWriter inner, string name, bool dropFailedWrites) : TextWriter
{
    // Once a write to stderr failed, the rest is dropped without trying again.
    private bool _failed;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var copy = buffer.ToString();
        Guard(() => inner.Write(copy));
    }

    public override void WriteLine() => Guard(inner.WriteLine);

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void Flush() => Guard(inner.Flush);

    // The async forms run the guarded synchronous ones: Console's writers are synchronous anyway.
    public override Task WriteAsync(char value) => Run(() => Write(value));

    public override Task WriteAsync(string? value) => Run(() => Write(value));

    public override Task WriteLineAsync(string? value) => Run(() => WriteLine(value));

    public override Task WriteLineAsync() => Run(WriteLine);

    public override Task FlushAsync() => Run(Flush);

    private static Task Run(Action write)
    {
        try
        {
            write();
            return Task.CompletedTask;
        }
        catch (OutputFailedException e)
        {
            return Task.FromException(e);
        }
    }

    private void Guard(Action write)
    {
        if (_failed && dropFailedWrites)
            return;
        try
        {
            write();
        }
        catch (IOException e)
        {
            _failed = true;
            if (!dropFailedWrites)
                throw new OutputFailedException(name, e);
        }
    }
}

/// <summary>The command's output could not be written; <see cref="Exception.Message"/> says where and why.</summary>
internal sealed class OutputFailedException(string stream, IOException inner) : Exception($"cannot write to {stream}: {inner.Message}", inner);
