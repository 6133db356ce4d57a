<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:o="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <xsl:output method="xml" encoding="UTF-8"/>
  <!-- The same work as mappings/ubl-order.yaml: currency fallback, allowance/charge sums, one delivery address of
       three places with its recipient, item-id fallbacks, price per base quantity, line charges and amounts. -->
  <xsl:template match="/o:Order">
    <xsl:variable name="total" select="cac:AnticipatedMonetaryTotal"/>
    <message id="{concat(cac:BuyerCustomerParty/cac:Party/cbc:EndpointID, ':', cbc:ID)}">
      <event type="OrderCreated" channelOrderId="{normalize-space(cbc:ID)}">
        <order status="created" placedAt="{concat(normalize-space(cbc:IssueDate), 'T', normalize-space(cbc:IssueTime))}" pricesIncludeTax="false"
               currency="{normalize-space((cbc:DocumentCurrencyCode | $total/cbc:PayableAmount/@currencyID)[1])}">
          <amounts subtotal="{$total/cbc:LineExtensionAmount}" tax="{cac:TaxTotal/cbc:TaxAmount}"
                   total="{($total/cbc:TaxInclusiveAmount | $total/cbc:PayableAmount)[1]}">
            <xsl:attribute name="discount"><xsl:choose>
              <xsl:when test="$total/cbc:AllowanceTotalAmount"><xsl:value-of select="$total/cbc:AllowanceTotalAmount"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'false']/cbc:Amount)"/></xsl:otherwise>
            </xsl:choose></xsl:attribute>
            <xsl:attribute name="shipping"><xsl:choose>
              <xsl:when test="$total/cbc:ChargeTotalAmount"><xsl:value-of select="$total/cbc:ChargeTotalAmount"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'true']/cbc:Amount)"/></xsl:otherwise>
            </xsl:choose></xsl:attribute>
          </amounts>
          <xsl:variable name="buyer" select="cac:BuyerCustomerParty"/>
          <xsl:variable name="contact" select="($buyer/cac:DeliveryContact | $buyer/cac:Party/cac:Contact | $buyer/cac:BuyerContact)[1]"/>
          <buyer id="{normalize-space($buyer/cac:Party/cbc:EndpointID)}"
                 name="{($buyer/cac:Party/cac:PartyName/cbc:Name | $buyer/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName)[1]}"
                 phone="{$contact/cbc:Telephone}" email="{$contact/cbc:ElectronicMail}"/>
          <xsl:variable name="party" select="cac:Delivery/cac:DeliveryParty"/>
          <xsl:for-each select="(cac:Delivery/cac:DeliveryLocation/cac:Address | cac:Delivery/cac:DeliveryAddress | $party/cac:PostalAddress)[1]">
            <shippingAddress country="{cac:Country/cbc:IdentificationCode}" province="{cbc:CountrySubentity}" city="{cbc:CityName}"
                             postalCode="{cbc:PostalZone}" company="{normalize-space($party/cac:PartyName/cbc:Name)}"
                             name="{normalize-space($party/cac:Contact/cbc:Name)}" phone="{normalize-space($party/cac:Contact/cbc:Telephone)}">
              <street><xsl:value-of select="concat(cbc:StreetName, ' ', cbc:BuildingNumber)"/></street>
              <street><xsl:value-of select="cbc:AdditionalStreetName"/></street>
              <street><xsl:value-of select="cac:AddressLine/cbc:Line"/></street>
            </shippingAddress>
          </xsl:for-each>
          <xsl:for-each select="cac:OrderLine/cac:LineItem">
            <xsl:variable name="item" select="cac:Item"/>
            <xsl:variable name="base"><xsl:choose>
              <xsl:when test="cac:Price/cbc:BaseQuantity"><xsl:value-of select="cac:Price/cbc:BaseQuantity"/></xsl:when>
              <xsl:otherwise>1</xsl:otherwise>
            </xsl:choose></xsl:variable>
            <line lineId="{normalize-space(cbc:ID)}" channelSku="{normalize-space($item/cac:StandardItemIdentification/cbc:ID)}"
                  title="{normalize-space($item/cbc:Name)}" quantity="{cbc:Quantity}" tax="{cbc:TotalTaxAmount}" amount="{cbc:LineExtensionAmount}"
                  unitPrice="{round(cac:Price/cbc:PriceAmount div $base * 100) div 100}"
                  discount="{sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'false']/cbc:Amount)}"
                  charges="{sum(cac:AllowanceCharge[cbc:ChargeIndicator = 'true']/cbc:Amount)}">
              <xsl:attribute name="sku">
                <xsl:choose>
                  <xsl:when test="normalize-space($item/cac:SellersItemIdentification/cbc:ID) != '' and translate($item/cac:SellersItemIdentification/cbc:ID, 'NA', 'na') != 'n/a'">
                    <xsl:value-of select="normalize-space($item/cac:SellersItemIdentification/cbc:ID)"/></xsl:when>
                  <xsl:when test="$item/cac:StandardItemIdentification/cbc:ID"><xsl:value-of select="concat('gtin:', normalize-space($item/cac:StandardItemIdentification/cbc:ID))"/></xsl:when>
                  <xsl:when test="$item/cac:BuyersItemIdentification/cbc:ID"><xsl:value-of select="concat('buyer:', normalize-space($item/cac:BuyersItemIdentification/cbc:ID))"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="concat('name:', substring(normalize-space($item/cbc:Name), 1, 100))"/></xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
            </line>
          </xsl:for-each>
          <extras customizationId="{normalize-space(cbc:CustomizationID)}" orderTypeCode="{normalize-space(cbc:OrderTypeCode)}" note="{cbc:Note}"
                  accountingCost="{(cbc:AccountingCostCode | cbc:AccountingCost)[1]}" payableAmount="{$total/cbc:PayableAmount}"/>
        </order>
      </event>
    </message>
  </xsl:template>
</xsl:stylesheet>