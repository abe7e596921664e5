"""The party-affairs registers an organisation officer works in: recruitment, dues, transfers."""
