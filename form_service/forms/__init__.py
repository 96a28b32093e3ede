"""The e-services' forms: one module per family, each step a WTForms class."""
