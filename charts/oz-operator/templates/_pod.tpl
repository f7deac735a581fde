{{/* Environment shared by the operator and the preflight test pod. */}}
{{- define "oz-operator.env" -}}
{{- $secret := include "oz-operator.apiKeySecret" . | fromYaml }}
- name: WARP_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name }}
      key: {{ $secret.key }}
      {{- if $secret.optional }}
      # Nothing configured: oz-agent-worker's default Secret when it exists, else no Oz.
      optional: true
      {{- end }}
# Leader identity and the namespace of the Lease.
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- if .Values.metrics.enabled }}
{{- with .Values.metrics.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
{{- end }}

{{/* Volumes shared by the operator and the preflight test pod. */}}
{{- define "oz-operator.volumes" -}}
- name: config
  configMap:
    name: {{ include "oz-operator.fullname" . }}-config
# The root filesystem is read-only; .NET and the operator write temporary files here only.
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}

{{- define "oz-operator.volumeMounts" -}}
- name: config
  mountPath: /etc/oz-operator
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- end }}
