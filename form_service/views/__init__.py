"""The e-services' views: the form steps, the check page and the receipt; error pages."""
