using System.Net.Sockets;

namespace BanditServe.LoadTests.Running;

/// <summary>Short, stable names for failures without a response, used as error keys in reports.</summary>
public static class FailureNames
{
    public static string Of(Exception exception) => exception switch
    {
        TaskCanceledException { InnerException: TimeoutException } => "timeout",
        OperationCanceledException => "cancelled",
        HttpRequestException { InnerException: SocketException socket } => "socket-" + KebabCase(socket.SocketErrorCode.ToString()),
        HttpRequestException http => "http-" + KebabCase(http.HttpRequestError.ToString()),
        SocketException socket => "socket-" + KebabCase(socket.SocketErrorCode.ToString()),
        _ => exception.GetType().Name,
    };

    private static string KebabCase(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
