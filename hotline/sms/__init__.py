"""The Twilio edge: the /sms webhook and its signature check."""
