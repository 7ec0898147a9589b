"""Web consent signals: TCF and GPP strings, GPC and Consent Mode (see personal_touch.web_signals)."""
