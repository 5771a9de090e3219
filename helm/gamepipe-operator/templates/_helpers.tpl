{{/* Chart name, cut to the 63 characters a label value allows. */}}
{{- define "gamepipe-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name, with the chart name appended unless the release already holds it. */}}
{{- define "gamepipe-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "gamepipe-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable across upgrades. */}}
{{- define "gamepipe-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gamepipe-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */}}
{{- define "gamepipe-operator.labels" -}}
helm.sh/chart: {{ include "gamepipe-operator.chart" . }}
{{ include "gamepipe-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: gamepipe
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "gamepipe-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gamepipe-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "gamepipe-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The rules the operator needs on GamePipelines and the objects it owns, in the namespaces it watches.
Kept equal to k8s/operator/clusterrole.yaml by RbacTest; derived from the operator's code.
*/}}
{{- define "gamepipe-operator.rules" -}}
- apiGroups: ["gamepipe.io"]
  resources: ["gamepipelines"]
  verbs: ["list", "watch"]
# The status is written by server-side apply: a PATCH.
- apiGroups: ["gamepipe.io"]
  resources: ["gamepipelines/status"]
  verbs: ["patch"]
# Owned objects are written by server-side apply (a PATCH; "create" as well when it creates the object),
# read from label-filtered informers (list, watch), and deleted only where the operator itself removes
# them (the API when disabled, a stale topic Job); the rest goes with the GamePipeline through the
# garbage collector. Exactly what the audit log of the integration tests shows (RbacUsageIT).
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# services and configmaps are owned objects; pods, persistentvolumeclaims, the other verbs and
# deletecollection are held only because the operator grants them to the Spark drivers' Role, and
# Kubernetes lets no one grant a permission it does not hold.
- apiGroups: [""]
  resources: ["services", "configmaps", "pods", "persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# NetworkPolicies and PodDisruptionBudgets are deleted when switched off or when no pod may be spared.
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses", "networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# The API's HTTPRoute is read and written by name only (no watch: the Gateway API may not be installed).
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "create", "update", "delete"]
- apiGroups: ["sparkoperator.k8s.io"]
  resources: ["sparkapplications"]
  verbs: ["list", "watch", "create", "delete"]
# Warning Events on the GamePipeline; a repeated warning is the same Event, its count patched.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* Leader election: one Lease in the operator's own namespace. Kept equal to k8s/operator/leader-election-role.yaml. */}}
{{- define "gamepipe-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end }}
