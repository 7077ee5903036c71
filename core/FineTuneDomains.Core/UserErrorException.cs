namespace FineTuneDomains.Core;

/// <summary>
/// A mistake in what the user gave us (a file, a setting, a command line). The host prints its message in
/// one or two lines, without a stack trace, and exits with code 1. Messages name the file and the problem.
/// </summary>
public class UserErrorException : Exception
{
    public UserErrorException(string message) : base(message) { }
    public UserErrorException(string message, Exception inner) : base(message, inner) { }
}
