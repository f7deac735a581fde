{{/* Chart name, overridable. */}}
{{- define "oz-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart, or the release name when it already contains the chart name. */}}
{{- define "oz-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "oz-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "oz-operator.labels" -}}
helm.sh/chart: {{ include "oz-operator.chart" . }}
{{ include "oz-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator pods (never change them: Deployment selectors are immutable). */}}
{{- define "oz-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "oz-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "oz-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "oz-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Namespace of AgentTasks and task Jobs. */}}
{{- define "oz-operator.taskNamespace" -}}
{{- default .Release.Namespace .Values.worker.namespace }}
{{- end }}

{{/* The operator image, by digest when one is given. */}}
{{- define "oz-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding the API key (see "oz-operator.apiKeySecret"). */}}
{{- define "oz-operator.apiKeySecretName" -}}
{{- (include "oz-operator.apiKeySecret" . | fromYaml).name }}
{{- end }}

{{/*
The operator's config file. Only keys the operator knows are rendered (its config is strict:
an unknown key stops it); empty strings and empty maps are left out so the operator's own
defaults apply. The API key is never here: it comes from WARP_API_KEY.
*/}}
{{- define "oz-operator.config" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 needs leaderElection.enabled=true (otherwise every replica would run tasks)" }}
{{- end }}
{{- $w := .Values.worker }}
{{- $c := dict "workerId" $w.workerId "namespace" (include "oz-operator.taskNamespace" .) }}
{{- range $key := list "defaultImage" "imagePullPolicy" "preflightImage" "sidecarImage" "codingCliSidecars" "setupCommand" "teardownCommand" "workspaceSizeLimit" "unschedulableTimeout" "volumeMountTimeout" "preflightTimeout" "shutdownTimeout" "idleOnComplete" "taskRetention" "extraLabels" "extraAnnotations" "podTemplate" "preflightResources" }}
{{- with index $w $key }}
{{- $_ := set $c $key . }}
{{- end }}
{{- end }}
{{- /* taskPod: only the settings that are set, so unset ones leave podTemplate alone. */}}
{{- $taskPod := dict }}
{{- range $key, $value := ($w.taskPod | default dict) }}
{{- if not (or (kindIs "invalid" $value) (and (kindIs "string" $value) (eq $value "")) (and (or (kindIs "map" $value) (kindIs "slice" $value)) (empty $value))) }}
{{- $_ := set $taskPod $key (ternary (int64 $value) $value (kindIs "float64" $value)) }}
{{- end }}
{{- end }}
{{- with $taskPod }}
{{- $_ := set $c "taskPod" . }}
{{- end }}
{{- $claim := dict }}
{{- range $key, $value := ($w.workspaceClaim | default dict) }}
{{- with $value }}
{{- $_ := set $claim $key . }}
{{- end }}
{{- end }}
{{- with $claim }}
{{- $_ := set $c "workspaceClaim" . }}
{{- end }}
{{- $_ := set $c "activeDeadlineSeconds" (int64 $w.activeDeadlineSeconds) }}
{{- if not (kindIs "invalid" $w.ttlSecondsAfterFinished) }}
{{- $_ := set $c "ttlSecondsAfterFinished" (int64 $w.ttlSecondsAfterFinished) }}
{{- end }}
{{- $_ := set $c "useImageVolumes" $w.useImageVolumes }}
{{- $_ := set $c "cleanup" $w.cleanup }}
{{- $_ := set $c "deleteHandMadeTasks" $w.deleteHandMadeTasks }}
{{- if eq (toString $w.teardownFailureFailsTask) "false" }}
{{- $_ := set $c "teardownFailureFailsTask" false }}
{{- end }}
{{- $_ := set $c "acceptUnlabelledTasks" $w.acceptUnlabelledTasks }}
{{- $_ := set $c "maxConcurrentTasks" (int64 $w.maxConcurrentTasks) }}
{{- if not (kindIs "invalid" $w.reconcileWorkers) }}
{{- $_ := set $c "reconcileWorkers" (int64 $w.reconcileWorkers) }}
{{- end }}
{{- $_ := set $c "logLevel" (toString .Values.logLevel) }}
{{- $_ := set $c "logFormat" .Values.logFormat }}
{{- $exporter := ternary .Values.metrics.exporter "none" .Values.metrics.enabled }}
{{- $telemetry := dict "healthPort" (int64 .Values.health.port) "metricsPort" (int64 .Values.metrics.port) "metricsExporter" $exporter }}
{{- with .Values.health.address }}{{ $_ := set $telemetry "healthAddress" . }}{{ end }}
{{- with .Values.metrics.address }}{{ $_ := set $telemetry "metricsAddress" . }}{{ end }}
{{- $_ := set $c "telemetry" $telemetry }}
{{- $le := dict "enabled" .Values.leaderElection.enabled }}
{{- range $key := list "leaseName" "leaseDuration" "renewDeadline" "retryPeriod" }}
{{- with index $.Values.leaderElection $key }}
{{- $_ := set $le $key . }}
{{- end }}
{{- end }}
{{- $_ := set $c "leaderElection" $le }}
{{- /* The operator's own API-key Secret can never be opted in for a task. */}}
{{- $ts := dict }}
{{- with include "oz-operator.apiKeySecretName" . }}{{ $_ := set $ts "denied" . }}{{ end }}
{{- with .Values.taskSecrets.allowed }}{{ $_ := set $ts "allowed" (join "," .) }}{{ end }}
{{- if $ts }}
{{- $_ := set $c "taskSecrets" $ts }}
{{- end }}
{{- $oz := dict }}
{{- with .Values.oz.webSocketUrl }}{{ $_ := set $oz "webSocketUrl" . }}{{ end }}
{{- with .Values.oz.serverRootUrl }}{{ $_ := set $oz "serverRootUrl" . }}{{ end }}
{{- if $oz }}
{{- $_ := set $c "oz" $oz }}
{{- end }}
{{- toYaml $c }}
{{- end }}

{{/* Non-empty when the operator serves /metrics for Prometheus (metrics on, prometheus exporter). */}}
{{- define "oz-operator.servesMetrics" -}}
{{- if and .Values.metrics.enabled (eq (toString .Values.metrics.exporter) "prometheus") }}true{{ end }}
{{- end }}

{{/*
The operator container's liveness probe: worker.livenessProbe when it is a probe, none when it is
null, else the built-in /healthz probe. oz-agent-worker's default probe (`kill -0 1`, "PID 1 is
alive") is replaced by /healthz, which checks that and that the operator's loops make progress.
*/}}
{{- define "oz-operator.livenessProbe" -}}
{{- $referenceDefault := dict "exec" (dict "command" (list "/bin/sh" "-c" "kill -0 1")) "initialDelaySeconds" 10 "periodSeconds" 30 "failureThreshold" 3 }}
{{- if hasKey .Values.worker "livenessProbe" }}
{{- $probe := .Values.worker.livenessProbe }}
{{- if and $probe (ne (toJson $probe) (toJson $referenceDefault)) }}
{{- toYaml $probe }}
{{- else if not (kindIs "invalid" $probe) }}
httpGet:
  path: /healthz
  port: health
initialDelaySeconds: 10
periodSeconds: 20
timeoutSeconds: 5
failureThreshold: 3
{{- end }}
{{- end }}
{{- end }}

{{/*
terminationGracePeriodSeconds of the operator pod. A worker.shutdownTimeout written in whole
seconds or minutes (4s, 1m) must fit in it, or the kubelet would kill the operator mid-shutdown.
*/}}
{{- define "oz-operator.terminationGracePeriodSeconds" -}}
{{- $grace := int64 .Values.terminationGracePeriodSeconds }}
{{- with .Values.worker.shutdownTimeout }}
{{- $seconds := -1 }}
{{- if regexMatch "^[0-9]+s$" . }}{{ $seconds = trimSuffix "s" . | int64 }}{{ end }}
{{- if regexMatch "^[0-9]+m$" . }}{{ $seconds = mul (trimSuffix "m" . | int64) 60 }}{{ end }}
{{- if ge (int64 $seconds) $grace }}
{{- fail (printf "worker.shutdownTimeout (%s) must be shorter than terminationGracePeriodSeconds (%d)" . $grace) }}
{{- end }}
{{- end }}
{{- $grace }}
{{- end }}
