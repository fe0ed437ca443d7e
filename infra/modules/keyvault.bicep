// Key Vault with RBAC: the vault makes the key pairs and CSRs (the private keys never leave it), keeps the issued
// certificates, and holds the app's secrets, which the app settings reference.
param name string
param location string
param tags object

@secure()
@description('Secrets to store: [{ name, value }].')
param secrets array

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for s in secrets: {
  parent: vault
  name: s.name
  properties: { value: s.value }
}]

output name string = vault.name
output uri string = vault.properties.vaultUri
output secretUris array = [for (s, i) in secrets: secret[i].properties.secretUri]
