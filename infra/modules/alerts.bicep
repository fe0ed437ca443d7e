// Alert rules over the Log Analytics workspace of Application Insights. All three read AppMetrics: the worker's
// OpenTelemetry meter "SslFlow" exported by the Azure Monitor exporter (Name = instrument name, Sum/ItemCount/Min/Max
// per export interval, Properties = the measurement's tags). Metric names: src/Application/Telemetry/SslFlowMetrics.cs
// and the workflow's orchestration-failure counter; a test checks every name and tag against what the app emits.
import { Tags } from '../types.bicep'

param location string
param tags Tags
param workspaceId string
param alertEmail string
param namePrefix string

@description('ACTIVATION ERROR orders within 15 minutes that count as a spike.')
param activationErrorThreshold int = 5

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-ops'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'sslflow-ops'
    enabled: true
    emailReceivers: [
      { name: 'operations', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

var activationErrorSpike = '''
AppMetrics
| where Name == "sslflow.orders.activation_errors"
| summarize errors = sum(Sum) by ca = tostring(Properties.ca)
'''

var expiringNotRenewed = '''
AppMetrics
| where Name == "sslflow.certificates.days_to_expiry"
| extend certificateId = tostring(Properties.certificate_id), orderId = tostring(Properties.order_id), renewing = tostring(Properties.renewing)
| summarize daysLeft = min(Min), renewing = take_any(renewing) by certificateId, orderId
| where daysLeft < 7
'''

// The isolated worker reports a failed orchestration through the app's own counter (recorded once, not on replay);
// the Durable host's Host.Triggers.DurableTask logs do not carry worker orchestrator failures.
var orchestrationFailures = '''
AppMetrics
| where Name == "sslflow.orchestrations.failed"
| summarize failures = sum(Sum) by orchestration = tostring(Properties.orchestration)
'''

resource activationErrors 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: '${namePrefix}-activation-error-spike'
  location: location
  tags: tags
  properties: {
    displayName: 'SslFlow: ACTIVATION ERROR spike'
    description: 'More orders than usual entered ACTIVATION ERROR (CA rejected, DCV or organization checks failed) in 15 minutes.'
    severity: 2
    enabled: true
    scopes: [ workspaceId ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: activationErrorSpike
          timeAggregation: 'Total'
          metricMeasureColumn: 'errors'
          dimensions: [ { name: 'ca', operator: 'Include', values: [ '*' ] } ]
          operator: 'GreaterThanOrEqual'
          threshold: activationErrorThreshold
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    autoMitigate: true
    actions: { actionGroups: [ actionGroup.id ] }
  }
}

resource expiring 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: '${namePrefix}-expiring-not-renewed'
  location: location
  tags: tags
  properties: {
    displayName: 'SslFlow: certificate within 7 days of expiry and not renewed'
    description: 'A certificate is still due for renewal with less than 7 days left: its renewals are failing or need a person.'
    severity: 1
    enabled: true
    scopes: [ workspaceId ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: expiringNotRenewed
          timeAggregation: 'Count'
          dimensions: [ { name: 'certificateId', operator: 'Include', values: [ '*' ] } ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    autoMitigate: true
    actions: { actionGroups: [ actionGroup.id ] }
  }
}

resource failures 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: '${namePrefix}-orchestration-failures'
  location: location
  tags: tags
  properties: {
    displayName: 'SslFlow: orchestration failures'
    description: 'A Durable orchestration (order, issuance, renewal, revoke, cancel, reissue) failed.'
    severity: 2
    enabled: true
    scopes: [ workspaceId ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: orchestrationFailures
          timeAggregation: 'Total'
          metricMeasureColumn: 'failures'
          dimensions: [ { name: 'orchestration', operator: 'Include', values: [ '*' ] } ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    autoMitigate: false
    actions: { actionGroups: [ actionGroup.id ] }
  }
}
