// Operations workbook over the Application Insights workspace: orders by status, time to issue, certificates by days
// to expiry, status changes and orchestration failures. Metric names: src/Application/Telemetry/SslFlowMetrics.cs.
import { Tags } from '../types.bicep'

param location string
param tags Tags
param workspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = { name: workspaceName }

// Worker logs reach AppTraces through its OpenTelemetry exporter, which names the logger category CategoryName; the
// status changes are logged by InstrumentedOrderStore with the message template's {OrderId} and {Status}.
var ordersByStatus = '''
AppTraces
| where tostring(Properties.CategoryName) == "SslFlow.Application.Telemetry.InstrumentedOrderStore"
| where isnotempty(Properties.OrderId) and isnotempty(Properties.Status)
| summarize arg_max(TimeGenerated, status = tostring(Properties.Status)) by orderId = tostring(Properties.OrderId)
| summarize orders = count() by status
'''

var statusChanges = '''
AppMetrics
| where Name == "sslflow.orders.transitions"
| summarize changes = sum(Sum) by to = tostring(Properties.to), bin(TimeGenerated, 1h)
'''

var timeToIssue = '''
AppMetrics
| where Name == "sslflow.orders.time_to_issue"
| extend hours = Sum / ItemCount / 3600.0, product = tostring(Properties.product), ca = tostring(Properties.ca)
| summarize orders = sum(ItemCount), p50_hours = percentile(hours, 50), p95_hours = percentile(hours, 95), max_hours = max(Max / 3600.0) by ca, product, bin(TimeGenerated, 1d)
'''

var daysToExpiry = '''
AppMetrics
| where Name == "sslflow.certificates.days_to_expiry"
| summarize daysLeft = min(Min), renewing = take_any(tostring(Properties.renewing)) by certificateId = tostring(Properties.certificate_id), orderId = tostring(Properties.order_id)
| extend bucket = case(daysLeft < 0, "expired", daysLeft < 7, "< 7 days", daysLeft < 14, "7-14 days", daysLeft < 30, "14-30 days", "30+ days")
| summarize certificates = count() by bucket
'''

var activationErrors = '''
AppMetrics
| where Name == "sslflow.orders.activation_errors"
| summarize errors = sum(Sum) by ca = tostring(Properties.ca), bin(TimeGenerated, 1h)
'''

var orchestrationFailures = '''
AppMetrics
| where Name == "sslflow.orchestrations.failed"
| summarize failures = sum(Sum) by orchestration = tostring(Properties.orchestration), bin(TimeGenerated, 1h)
'''

var queries = [
  { title: 'Orders by status (latest status of orders that changed in the time range)', query: ordersByStatus, visualization: 'piechart' }
  { title: 'Status changes per hour', query: statusChanges, visualization: 'barchart' }
  { title: 'Time to issue (hours)', query: timeToIssue, visualization: 'table' }
  { title: 'Certificates due for renewal by days to expiry', query: daysToExpiry, visualization: 'barchart' }
  { title: 'ACTIVATION ERROR per hour', query: activationErrors, visualization: 'timechart' }
  { title: 'Failed orchestrations per hour', query: orchestrationFailures, visualization: 'barchart' }
]

var content = {
  version: 'Notebook/1.0'
  items: concat([
    {
      type: 1
      name: 'intro'
      content: { json: '## SslFlow operations\nOrders, issuance times, certificates near expiry and failures. Durable orchestration status per instance: Function App → Durable Functions.' }
    }
    {
      type: 9
      name: 'parameters'
      content: {
        version: 'KqlParameterItem/1.0'
        parameters: [
          { id: 'time', version: 'KqlParameterItem/1.0', name: 'TimeRange', type: 4, value: { durationMs: 604800000 }, typeSettings: { selectableValues: [ { durationMs: 86400000 }, { durationMs: 604800000 }, { durationMs: 2592000000 } ] } }
        ]
      }
    }
  ], map(queries, q => {
    type: 3
    name: q.title
    content: {
      version: 'KqlItem/1.0'
      title: q.title
      query: q.query
      size: 0
      timeContextFromParameter: 'TimeRange'
      queryType: 0
      resourceType: 'microsoft.operationalinsights/workspaces'
      visualization: q.visualization
    }
  }))
  fallbackResourceIds: [ workspace.id ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(workspace.id, 'sslflow-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'SslFlow operations'
    category: 'workbook'
    sourceId: workspace.id
    serializedData: string(content)
  }
}

output id string = workbook.id
