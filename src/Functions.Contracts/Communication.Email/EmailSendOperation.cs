// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailSendOperation: the
// mocking constructor and the abstract members of Azure.Operation<T> it overrides); source
// sdk/communication/Azure.Communication.Email/src/EmailSendOperation.cs.
using Microsoft.DurableTask;

namespace Azure.Communication.Email;

public partial class EmailSendOperation : Operation<EmailSendResult>
{
    protected EmailSendOperation()
    {
    }

    public override bool HasCompleted => throw CompileOnly.Fail();

    public override bool HasValue => throw CompileOnly.Fail();

    public override string Id => throw CompileOnly.Fail();

    public override EmailSendResult Value => throw CompileOnly.Fail();

    public override Response GetRawResponse() => throw CompileOnly.Fail();

    public override Response UpdateStatus(CancellationToken cancellationToken = default) => throw CompileOnly.Fail();

    public override ValueTask<Response> UpdateStatusAsync(CancellationToken cancellationToken = default) => throw CompileOnly.Fail();
}
