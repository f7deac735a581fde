<?xml version="1.0" encoding="utf-8"?>
<!-- Keeps the summaries of KubernetesClient's model types and properties (k8s.Models.*), nothing else. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" indent="no" encoding="utf-8" />
  <xsl:template match="/">
    <doc>
      <xsl:for-each select="doc/members/member[starts-with(@name, 'T:k8s.Models.') or starts-with(@name, 'P:k8s.Models.')]">
        <member name="{@name}"><xsl:value-of select="normalize-space(summary)" /></member>
      </xsl:for-each>
    </doc>
  </xsl:template>
</xsl:stylesheet>
