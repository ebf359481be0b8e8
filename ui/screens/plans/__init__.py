"""Treatment plans on screen: the panel a client's chart and a unit's page share, and its forms."""
