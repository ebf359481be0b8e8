"""The money side of the practice on screen: a client's account in the chart, fees in Settings."""
