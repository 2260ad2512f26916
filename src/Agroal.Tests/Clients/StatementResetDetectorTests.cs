using System.Text;
using Agroal.Actors.Clients.Pipelines;

namespace Agroal.Tests.Clients;

public sealed class StatementResetDetectorTests
{
    [Theory]
    [InlineData("DISCARD ALL")]
    [InlineData("discard all;")]
    [InlineData("  \n Discard\tAll ; ")]
    [InlineData("DEALLOCATE ALL")]
    [InlineData("deallocate prepare all")]
    [InlineData("DISCARD ALL\0")]
    public void Commands_that_drop_every_statement_are_recognised(string text) =>
        Assert.True(StatementResetDetector.ResetsStatements(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("DISCARD PLANS")]
    [InlineData("DEALLOCATE s1")]
    [InlineData("DEALLOCATE allx")]
    [InlineData("DISCARDALL")]
    [InlineData("SELECT 'DISCARD ALL'")]
    [InlineData("DISCARD ALL x")]
    [InlineData("")]
    public void Other_statements_are_not(string text) =>
        Assert.False(StatementResetDetector.ResetsStatements(Encoding.UTF8.GetBytes(text)));
}
