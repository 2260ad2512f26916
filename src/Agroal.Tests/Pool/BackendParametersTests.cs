using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Pool;

public sealed class BackendParametersTests
{
    [Fact]
    public void The_status_messages_are_the_values_in_report_order_and_follow_a_change()
    {
        var parameters = new BackendParameters();
        parameters.Set("server_version", "15.8");
        parameters.Set("client_encoding", "UTF8");
        parameters.Set("application_name", "é-app");

        Assert.Equal(Expected(("server_version", "15.8"), ("client_encoding", "UTF8"), ("application_name", "é-app")),
            parameters.StatusMessages.ToArray());

        parameters.Set("application_name", "other");
        Assert.Equal(Expected(("server_version", "15.8"), ("client_encoding", "UTF8"), ("application_name", "other")),
            parameters.StatusMessages.ToArray());

        parameters.CopyFrom(new Dictionary<string, string> { ["TimeZone"] = "UTC" });
        Assert.Equal(Expected(("TimeZone", "UTC")), parameters.StatusMessages.ToArray());
    }

    [Fact]
    public void Setting_a_value_it_already_has_keeps_the_encoded_messages()
    {
        var parameters = new BackendParameters();
        parameters.Set("client_encoding", "UTF8");
        ref readonly var before = ref MemoryMarshal.GetReference(parameters.StatusMessages);

        parameters.Set("client_encoding", "UTF8");

        Assert.True(Unsafe.AreSame(in before, in MemoryMarshal.GetReference(parameters.StatusMessages)));
    }

    private static byte[] Expected(params (string Name, string Value)[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var (name, value) in values)
        {
            BackendMessages.WriteParameterStatus(writer, name, value);
        }
        return writer.WrittenSpan.ToArray();
    }
}
