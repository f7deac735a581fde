{{/* Environment shared by the operator and the preflight test pod. */}}
{{- define "oz-operator.env" -}}
{{- $secret := include "oz-operator.apiKeySecretName" . }}
{{- if $secret }}
- name: WARP_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ include "oz-operator.apiKeySecretKey" . }}
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
