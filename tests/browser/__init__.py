"""Tests that read the built site as a person would: in Chromium, with axe, vnu and a link crawler."""
