require_relative '../lib/stock'

RSpec.describe Stock do
  it 'adds items' do
    work(0.2)
    stock = Stock.new
    stock.add('a', 2)
    expect(stock.count('a')).to eq(2)
  end

  it 'refuses a negative count' do
    expect { Stock.new.add('a', -1) }.to raise_error(ArgumentError)
  end

  describe '#take' do
    it 'takes what is there' do
      work(0.2)
      stock = Stock.new
      stock.add('a', 3)
      stock.take('a', 2)
      expect(stock.count('a')).to eq(1)
    end

    it 'refuses more than there is' do
      expect { Stock.new.take('a', 1) }.to raise_error(ArgumentError, /only 0 of a/)
    end
  end
end
