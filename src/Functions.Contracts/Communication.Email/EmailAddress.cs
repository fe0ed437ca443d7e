// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailAddress, a readonly struct);
// source sdk/communication/Azure.Communication.Email/src/Generated/Models/EmailAddress.cs.
namespace Azure.Communication.Email;

public readonly partial struct EmailAddress
{
    public EmailAddress(string address)
    {
        this.Address = address;
    }

    public string Address { get; }
}
