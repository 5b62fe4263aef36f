// TernTensor
