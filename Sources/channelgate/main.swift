import Gateway
import ArgumentParser
print("placeholder")
